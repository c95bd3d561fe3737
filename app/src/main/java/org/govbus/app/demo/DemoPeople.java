package org.govbus.app.demo;

import java.time.LocalDate;
import java.util.Random;
import org.govbus.core.id.CitizenIdNumber;

/** Synthetic people with valid ID numbers, from a seeded random source so that a demo can be replayed. */
final class DemoPeople {

    private static final String[] AREAS = {"110105", "110108", "310104", "320102", "330106", "340524", "440305", "510107"};
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
    private static final String MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩";
    private static final String FEMALE = "芳娜敏静丽艳娟霞秀英慧琳燕玲婷雪颖倩洁莉";

    private final Random random;

    DemoPeople(long seed) {
        this.random = new Random(seed);
    }

    record Person(String name, String idNumber) {
    }

    Person next(boolean male, int fromYear, int toYear) {
        LocalDate birth = LocalDate.of(fromYear + random.nextInt(toYear - fromYear + 1), 1 + random.nextInt(12),
                1 + random.nextInt(28));
        int sequence = random.nextInt(500) * 2 + (male ? 1 : 0);
        String id = CitizenIdNumber.of(AREAS[random.nextInt(AREAS.length)], birth, sequence);
        String given = male ? MALE : FEMALE;
        StringBuilder name = new StringBuilder(SURNAMES[random.nextInt(SURNAMES.length)]);
        name.append(given.charAt(random.nextInt(given.length())));
        if (random.nextBoolean()) {
            name.append(given.charAt(random.nextInt(given.length())));
        }
        return new Person(name.toString(), id);
    }

    Random random() {
        return random;
    }
}
